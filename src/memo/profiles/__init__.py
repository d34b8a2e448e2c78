"""Organisation profiles (package data)."""

"""Section templates (package data)."""

"""Organisation profiles: the profile folder, its reference document made ready, header placeholders."""

"""Word (DOCX): the only folder that imports python-docx and lxml — reading, preparing, writing, inspecting."""

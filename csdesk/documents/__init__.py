"""Word and HTML documents rendered from plain data and templates (docxtpl, sandboxed Jinja2)."""

"""The Qt desktop app. The only package that imports PySide6; it talks to csdesk.services only."""

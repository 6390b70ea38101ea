"""The window's commands, a class per kind: files, security, documents, tools and accounts."""

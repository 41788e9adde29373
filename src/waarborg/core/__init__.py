"""Core: configuration, errors and small shared types. Imports nothing else from waarborg."""

"""Waarborg: make an organisation's privacy statement executable."""

__version__ = "0.1.0"

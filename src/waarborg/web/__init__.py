"""The web: a JSON API under /api/v1 (and, in a later issue, server-rendered pages). A thin shell."""

"""The register: the language an organisation states its processing in, its loader and its lint rules.

Pure: no database, no network. Layers above (vault, rights, web, cli) import from here, never the reverse.
"""

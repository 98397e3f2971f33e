"""newsdesk's faces: the Textual reader and the `newsdesk` command line.

Everything here talks to the engine only through `from index import ...`.
"""

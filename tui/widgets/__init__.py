"""The widgets of the reader: one per file, each posting messages upward."""

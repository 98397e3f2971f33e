"""The reader's screens: the main three panes, help, and dialogs."""

"""Dialogs of the MineWatch plugin."""

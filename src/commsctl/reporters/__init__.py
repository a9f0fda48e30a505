"""Reporters write findings in one format each. Machine formats never pass through rich."""

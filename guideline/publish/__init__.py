"""Editions into a mike branch: git, the lock, publish all-or-nothing, release and
the sources a reader can name."""

"""The importers' tests: article files, WordPress exports and their size limits."""

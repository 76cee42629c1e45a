"""Readers (inputs to raw documents) and writers (atomic output files)."""

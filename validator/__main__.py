"""``python -m validator`` runs the CLI."""

from .cli import main

main()

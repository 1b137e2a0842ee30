"""``python -m onrecord ...`` runs the command line, like the ``onrecord`` script."""

from onrecord.cli import main

if __name__ == "__main__":
    main()

"""replicate: a paper-replication workbench."""

__version__ = "0.1.0"

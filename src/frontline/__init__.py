"""frontline: conflict reporting in, sourced events and a dated control map out."""

__version__ = "0.1.0"

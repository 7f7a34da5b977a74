"""Soft Landing: a private companion for tears during or after sex."""

__version__ = "0.1.0"

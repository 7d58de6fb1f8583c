"""The shipped model and its card, installed as the ``filterkit.models`` package."""

# scrapyd-deploy builds the Scrapyd egg with `python setup.py bdist_egg`, and writes a setup.py of
# its own (without the package data: the JSON schema) where there is none. The project's metadata
# lives in pyproject.toml.
from setuptools import setup

setup()

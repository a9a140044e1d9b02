"""An offline replica of english.almayadeen.net: demo default, test ground and benchmark target.

Start it with ``python -m testground.replica serve --port 8089 [--articles N] [--seed S]``;
``--skin NAME`` serves the same catalog in other markup and URL shapes (skins.py).
"""

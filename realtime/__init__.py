"""The websocket door: Channels consumers and their routes under /ws/ (live bids now, chat and support later).

A consumer parses the socket's input, asks the domain (selectors, services) and shapes the answer;
the domain broadcasts through the channel layer (marketplace/auctions/realtime.py) without importing this package.
"""

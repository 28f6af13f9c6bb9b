"""Shipping listens to the order's events (orders never imports shipping)."""

"""Websocket routes under /ws/ (config/asgi.py serves them). Each live capability adds its consumers here (auctions, chat)."""

from django.urls import path

from .auctions import AuctionConsumer

websocket_urlpatterns = [
    path("ws/auctions/<int:auction_id>/", AuctionConsumer.as_asgi()),
]

"""Websocket routes under /ws/. Each domain adds its consumers here (auctions, chat)."""

from marketplace.auctions.routing import websocket_urlpatterns as auction_routes

websocket_urlpatterns: list = [*auction_routes]

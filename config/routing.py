"""Websocket routes under /ws/. Each domain adds its consumers here (auctions, chat)."""

websocket_urlpatterns: list = []

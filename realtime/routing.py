"""Websocket routes under /ws/ (config/asgi.py serves them). Each live capability adds its consumers here (auctions, chat)."""

from django.urls import path

from .auctions import AuctionConsumer
from .chat import ConversationConsumer
from .support import SupportChatConsumer, SupportQueueConsumer

websocket_urlpatterns = [
    path("ws/auctions/<int:auction_id>/", AuctionConsumer.as_asgi()),
    path("ws/support/queue/", SupportQueueConsumer.as_asgi()),
    path("ws/support/chats/<int:chat_id>/", SupportChatConsumer.as_asgi()),
    path("ws/chat/<int:conversation_id>/", ConversationConsumer.as_asgi()),
]

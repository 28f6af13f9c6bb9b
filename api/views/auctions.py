"""``/api/auctions/``: live and upcoming lots, one lot's state, and ``place_bid`` (proxy bidding).

Auctions are created and edited as listings (``POST /api/products/{id}/submit/`` with ``kind=auction``):
staff validate them before they start, as on the vendor site.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marketplace.auctions import selectors
from marketplace.auctions.models import Auction, Bid
from marketplace.auctions.services import auction_place_bid

from .shaping import image_urls, primary_image


class BidWrite(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


def auction_card(auction) -> dict:
    product = auction.product
    return {
        "id": auction.pk, "product_id": product.pk, "title": product.display_title, "brand": product.brand.name,
        "price": str(auction.current_price), "currency": "RON", "status": auction.status,
        "start_time": auction.start_time, "end_time": auction.end_time, "bids_count": auction.bids_count,
        "image": image_urls(primary_image(product)),
    }


class AuctionViewSet(viewsets.ViewSet):
    lookup_value_converter = "id"

    def get_permissions(self):
        if self.action == "place_bid":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    def get_throttles(self):
        if self.action == "place_bid":
            self.throttle_scope = "bids"
        return super().get_throttles()

    def _public(self, pk):
        try:
            return selectors.auction_for_detail(pk=int(pk))
        except (Auction.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None

    @extend_schema(operation_id="auctions_list", responses={200: OpenApiTypes.OBJECT})
    def list(self, request):
        limit = request.query_params.get("limit", "24")
        limit = min(max(int(limit), 1), 48) if limit.isdigit() else 24
        return Response([auction_card(a) for a in selectors.auction_list_public()[:limit]])

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        auction = self._public(pk)
        return Response({**auction_card(auction), "state": selectors.auction_status(auction=auction, user=request.user)})

    @extend_schema(request=BidWrite, responses={201: inline_serializer("BidPlaced", {
        "outcome": serializers.CharField(), "outcome_label": serializers.CharField(), "state": serializers.JSONField(),
    })})
    @action(detail=True, methods=["post"])
    def place_bid(self, request, pk=None):
        auction = self._public(pk)
        data = BidWrite(data=request.data)
        data.is_valid(raise_exception=True)
        bid = auction_place_bid(auction=auction, user=request.user, amount=data.validated_data["amount"])
        return Response({
            "outcome": bid.outcome, "outcome_label": str(Bid.Outcome(bid.outcome).label),
            "state": selectors.auction_status(auction=bid.auction, user=request.user),
        }, status=status.HTTP_201_CREATED)

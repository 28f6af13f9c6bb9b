"""``/api/auctions/``: live and upcoming lots, one lot's state, ``place_bid`` (proxy bidding), and a
shop's writes: ``POST`` puts one of its listings up for auction (a fixed-price piece moves to auction),
``PATCH`` changes a lot's terms and ``DELETE`` withdraws it while nobody has bid (through the listing
services: staff validate the terms again before the lot starts, as on the vendor site); staff with
``auctions.can_close_auctions`` (as on the staff site) ``cancel`` a lot with a reason.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marketplace.auctions import selectors
from marketplace.auctions.models import Auction, Bid
from marketplace.auctions.services import auction_cancel, auction_place_bid
from marketplace.products.selectors import product_list_for_admin
from marketplace.products.services import product_delete, product_move_to_auction, product_pricing_set
from marketplace.vendors.access import vendor_object

from ..permissions import IsVendor, staff_with
from .products import own_listing
from .shaping import image_urls, primary_image


class BidWrite(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class AuctionTerms(serializers.Serializer):
    starting_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    reserve_price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    bid_increment = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    duration_hours = serializers.IntegerField(min_value=1, max_value=24 * 60)


class AuctionCreate(AuctionTerms):
    product_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class CancelWrite(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


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
        if self.action in ("create", "partial_update", "destroy"):
            return [IsVendor()]
        if self.action == "cancel":
            return [staff_with("auctions.can_close_auctions")()]
        return [permissions.AllowAny()]

    def _own_lot_listing(self, pk):
        """The listing of one of the caller's shop's auctions (another shop's answers 404)."""
        auction = vendor_object(Auction.objects.all(), user=self.request.user, pk=pk)
        return vendor_object(product_list_for_admin(), user=self.request.user, pk=auction.product_id)

    @extend_schema(request=AuctionCreate, responses={201: OpenApiTypes.OBJECT})
    def create(self, request):
        data = AuctionCreate(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        listing = vendor_object(product_list_for_admin(), user=request.user, pk=values.pop("product_id"))
        if listing.kind == "store" and listing.status != "draft":
            product_move_to_auction(product=listing, values=values)
        else:
            product_pricing_set(product=listing, kind="auction", values=values)
        return Response(own_listing(vendor_object(product_list_for_admin(), user=request.user, pk=listing.pk)),
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=AuctionTerms, responses=OpenApiTypes.OBJECT)
    def partial_update(self, request, pk=None):
        listing = self._own_lot_listing(pk)
        data = AuctionTerms(data=request.data)
        data.is_valid(raise_exception=True)
        product_pricing_set(product=listing, kind="auction", values=dict(data.validated_data))  # refused once bid on
        return Response(own_listing(vendor_object(product_list_for_admin(), user=request.user, pk=listing.pk)))

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        product_delete(product=self._own_lot_listing(pk))  # refused once anybody has bid
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CancelWrite, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        auction = Auction.objects.filter(pk=pk).first()
        if auction is None:
            raise Http404
        data = CancelWrite(data=request.data)
        data.is_valid(raise_exception=True)
        auction = auction_cancel(auction=auction, actor=request.user, reason=data.validated_data["reason"])
        return Response({"id": auction.pk, "status": auction.status, "detail": _("The auction is cancelled.")})

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

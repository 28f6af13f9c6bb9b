"""``/api/users/``: register, sign in (with the second factor), tokens; the user list for staff."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marketplace.accounts.services import account_register
from marketplace.accounts.tokens import (
    api_sign_in,
    api_token_revoke,
    api_tokens_for,
    api_two_factor_complete,
)
from marketplace.vendors.access import second_factor_required

from ..pagination import NewestFirst
from ..permissions import staff_with

User = get_user_model()


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128)
    token_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TwoFactorSerializer(serializers.Serializer):
    challenge = serializers.CharField(max_length=500)
    code = serializers.CharField(max_length=40)


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


ISSUED = inline_serializer("IssuedToken", {
    "token": serializers.CharField(), "token_id": serializers.IntegerField(), "expires_at": serializers.DateTimeField(),
    "user": UserSerializer(),
})
CHALLENGE = inline_serializer("TwoFactorChallenge", {
    "code": serializers.CharField(), "message": serializers.CharField(), "challenge": serializers.CharField(),
    "methods": serializers.ListField(child=serializers.CharField()),
})


def _issued(issued) -> dict:
    return {
        "token": issued.secret, "token_id": issued.token.pk, "expires_at": issued.token.expires_at,
        "user": UserSerializer(issued.token.user).data,
    }


class UserFilter(django_filters.FilterSet):
    email = django_filters.CharFilter(lookup_expr="icontains")
    is_staff = django_filters.BooleanFilter()
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = User
        fields = ["email", "is_staff", "is_active"]


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff (with ``accounts.view_user``) list and read accounts; anybody reads their own (``me``)."""

    lookup_value_converter = "id"

    serializer_class = UserSerializer
    pagination_class = NewestFirst
    filterset_class = UserFilter
    queryset = User.objects.all()

    def get_permissions(self):
        if self.action in ("register", "login", "two_factor"):
            return [permissions.AllowAny()]
        if self.action in ("me", "tokens", "revoke_token"):
            return [permissions.IsAuthenticated()]
        return [staff_with("accounts.view_user")()]

    def get_throttles(self):
        if self.action in ("register", "login", "two_factor"):
            self.throttle_scope = "sign_in"
        return super().get_throttles()

    @extend_schema(request=RegisterSerializer, responses={202: inline_serializer("Registered", {"detail": serializers.CharField()})})
    @action(detail=False, methods=["post"])
    def register(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account_register(request=request._request, **data.validated_data)
        return Response(
            {"detail": _("Check your inbox: we sent a link to confirm the address.")}, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(request=LoginSerializer, responses={201: ISSUED, 202: CHALLENGE})
    @action(detail=False, methods=["post"])
    def login(self, request):
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        probe = User.objects.filter(email__iexact=values["email"]).first()
        result = api_sign_in(
            request=request._request, email=values["email"], password=values["password"], name=values["token_name"],
            second_factor_required=bool(probe and second_factor_required(probe)),
        )
        if result.issued is None:
            return Response({
                "code": "two_factor_required", "message": _("Enter the code of your second factor."),
                "challenge": result.challenge, "methods": list(result.methods),
            }, status=status.HTTP_202_ACCEPTED)
        return Response(_issued(result.issued), status=status.HTTP_201_CREATED)

    @extend_schema(request=TwoFactorSerializer, responses={201: ISSUED})
    @action(detail=False, methods=["post"])
    def two_factor(self, request):
        data = TwoFactorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = api_two_factor_complete(**data.validated_data)
        return Response(_issued(issued), status=status.HTTP_201_CREATED)

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(UserSerializer(request.user).data)

    @extend_schema(responses=TokenSerializer(many=True))
    @action(detail=False, methods=["get"])
    def tokens(self, request):
        return Response(TokenSerializer(api_tokens_for(user=request.user), many=True).data)

    @extend_schema(request=None, responses=TokenSerializer)
    @action(detail=False, methods=["post"], url_path="tokens/<id:token_id>/revoke")
    def revoke_token(self, request, token_id=None):
        return Response(TokenSerializer(api_token_revoke(user=request.user, token_id=int(token_id))).data)

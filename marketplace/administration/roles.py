"""The five preset roles, by the stable slug code refers to (names may be edited by staff)."""

ADMIN = "admin"
SHOP_MANAGER = "shop-manager"
VENDOR = "vendor"
CUSTOMER = "customer"
SUPPORT_AGENT = "support-agent"

PRESET_ROLES = (ADMIN, SHOP_MANAGER, VENDOR, CUSTOMER, SUPPORT_AGENT)
STAFF_ROLES = (ADMIN, SHOP_MANAGER, SUPPORT_AGENT)

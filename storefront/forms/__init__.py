"""Forms of the storefront's buyer pages."""

"""What to photograph, per kind of piece: the guide shown beside the upload (and the order photos are read in)."""

from django.utils.translation import gettext_lazy as _

from .models import ItemCategory

GUIDES: dict[str, list] = {
    ItemCategory.BAGS: [
        _("The whole bag, front and back"), _("The logo stamp, close up"), _("The serial or date code (inside pocket)"),
        _("Stitching on a handle and a corner"), _("Hardware: zip pull, clasp, feet"), _("The inside label"),
    ],
    ItemCategory.SHOES: [
        _("Both shoes, side view"), _("The logo on the insole"), _("The size and serial label inside"),
        _("Stitching along the upper"), _("The sole, with its markings"), _("The box label, if you have it"),
    ],
    ItemCategory.WATCHES: [
        _("The dial, straight on"), _("The case back, with its engravings"), _("The serial and reference numbers"),
        _("The crown and its logo"), _("The clasp and bracelet links"), _("Papers or warranty card, if any"),
    ],
    ItemCategory.JEWELLERY: [
        _("The whole piece"), _("The brand's logo or signature"), _("Hallmarks and the serial number"),
        _("Clasp and fastenings"), _("Stone settings, close up"), _("The box or certificate, if any"),
    ],
    ItemCategory.CLOTHING: [
        _("The whole garment, front and back"), _("The brand label at the neck"), _("The care and composition label"),
        _("Stitching on a seam"), _("Buttons, zips and their engravings"), _("Any serial or season code"),
    ],
    ItemCategory.ACCESSORIES: [
        _("The whole piece"), _("The logo, close up"), _("The serial or date code"),
        _("Stitching or edges"), _("Hardware and engravings"), _("The label or stamp"),
    ],
}


def guide_for(category: str) -> list:
    return GUIDES.get(category, GUIDES[ItemCategory.ACCESSORIES])

"""django-q2 jobs of the shipping context: they take ids and are safe to run twice."""

from .services import (
    awb_generated_notify,
    consignment_awb_request,
    consignments_cancel_for_order,
    out_for_delivery_notify,
    tracking_sync,
)


def awb_request_task(consignment_id) -> str:
    consignment = consignment_awb_request(consignment_id=int(consignment_id))
    return consignment.status if consignment else "missing"


def tracking_sync_task() -> dict:
    return tracking_sync()


def consignments_cancel_task(order_id) -> int:
    return consignments_cancel_for_order(order_id=int(order_id))


def out_for_delivery_notify_task(consignment_id) -> bool:
    return out_for_delivery_notify(consignment_id=int(consignment_id))


def awb_generated_notify_task(consignment_id) -> bool:
    return awb_generated_notify(consignment_id=int(consignment_id))

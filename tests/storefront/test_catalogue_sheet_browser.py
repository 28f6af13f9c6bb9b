"""The catalogue's filter panel on a 390×844 phone: a bottom sheet that leaves the results in view, updates
them (count, subcategories, pieces) as the buyer chooses, keeps the keyboard inside, closes with Escape.

Screenshots of each state go to ``$SCREENSHOT_DIR`` when it is set (to look at them), nowhere otherwise.
"""

import os
from pathlib import Path

import pytest

from marketplace.products.models import Brand, Category, SubCategory
from tests.browser.support import needs_chromium
from tests.browser.test_accessibility import axe_problems

from .conftest import public_piece

PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def vendor():
    from tests.factories import VendorFactory

    return VendorFactory(status="approved")


def shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def focus_in_sheet(page) -> bool:
    return page.evaluate("() => document.querySelector('[data-sheet-panel]').contains(document.activeElement)")


def test_the_filter_sheet_on_a_phone(browser, live_server, vendor):
    bags = Category.objects.create(slug="posete", name="Genți", name_en="Bags")
    shoes = Category.objects.create(slug="incaltaminte", name="Încălțăminte", name_en="Shoes")
    handbags = SubCategory.objects.create(category=bags, slug="de-mana", name="Genți de mână")
    SubCategory.objects.create(category=bags, slug="rucsacuri", name="Rucsacuri")
    SubCategory.objects.create(category=shoes, slug="sport", name="Pantofi sport")
    hermes = Brand.objects.create(slug="hermes", name="Hermès")
    for n in range(3):
        public_piece(vendor, title=f"Kelly {n}", category=bags, subcategory=handbags, brand=hermes, price=f"{9000 + n}.00")
    for n in range(5):
        public_piece(vendor, title=f"Mocasin {n}", category=shoes, price=f"{1500 + n}.00")
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="ro-RO")
    page = context.new_page()
    page.goto(f"{live_server.url}/products/")
    count = page.locator("[data-count]")
    assert count.inner_text() == "8 piese"
    shot(page, "1-catalogue")

    # opening the filters: a sheet at the bottom, the count and the first pieces still in view above it
    page.evaluate("window.notReloaded = true")
    page.locator("[data-sheet-toggle]").click()
    panel = page.locator("[data-sheet-panel]")
    assert panel.get_attribute("role") == "dialog" and panel.get_attribute("aria-modal") == "true"
    box = panel.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1) and box["y"] > PHONE["height"] * 0.35
    bar = page.locator("header.bar").bounding_box()
    assert count.bounding_box()["y"] >= bar["y"] + bar["height"] and count.bounding_box()["y"] + 20 < box["y"]
    first_card = page.locator("[data-grid] .card-product").first.bounding_box()
    assert first_card["y"] < box["y"]  # a piece is seen above the sheet
    assert focus_in_sheet(page)

    # choosing a category narrows the subcategories and the results behind the sheet, without a reload
    subs = page.locator("select[name=subcategory]")
    assert subs.is_disabled()
    page.select_option("select[name=category]", "posete")
    page.wait_for_function("() => document.querySelector('[data-count]').textContent.trim() === '3 piese'")
    assert subs.is_enabled()
    assert [o for o in subs.locator("option").evaluate_all("els => els.map(e => e.value)") if o] == ["de-mana", "rucsacuri"]
    assert page.locator("[data-sheet-done]").text_content().strip() == "Vezi 3 piese"
    assert page.locator("[data-chip=category]").inner_text().startswith("Genți")
    assert page.evaluate("window.notReloaded") is True and "category=posete" in page.url
    assert page.locator("[data-sheet-toggle] .badge").inner_text() == "1"
    shot(page, "2-sheet-open-category-chosen")
    assert axe_problems(page) == []  # WCAG 2.2 AA with the sheet open: no serious or critical violation

    # the keyboard stays in the sheet: Tab from the last control comes back to the first, and back again
    page.locator("[data-sheet-done]").focus()
    page.keyboard.press("Tab")
    assert focus_in_sheet(page)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-sheet-done')")
    for _ in range(20):
        page.keyboard.press("Tab")
        assert focus_in_sheet(page)

    # Escape closes it and gives the focus back to the button that opened it
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-sheet-toggle')")
    assert panel.get_attribute("role") is None

    # the chip removes its filter
    page.locator("[data-chip=category]").click()
    page.wait_for_load_state()
    assert count.inner_text() == "8 piese" and page.locator("[data-chip]").count() == 0

    # nothing matches: the page says what to change, with links that do it
    page.goto(f"{live_server.url}/products/?q=Birkin&category=posete&price_max=100&filtered=1")
    assert count.inner_text() == "0 piese"
    suggestions = page.locator("[data-suggestion]")
    assert "Orice preț" in suggestions.all_inner_texts()
    shot(page, "3-nothing-matches")
    page.get_by_role("link", name="Fără Genți").click()
    page.wait_for_url("**/products/?*")
    assert "category" not in page.url and "q=Birkin" in page.url

    # the Done button closes the sheet (no reload: the results are already there)
    page.goto(f"{live_server.url}/products/")
    page.locator("[data-sheet-toggle]").click()
    page.evaluate("window.notReloaded = true")
    page.select_option("select[name=category]", "incaltaminte")
    page.wait_for_function("() => document.querySelector('[data-count]').textContent.trim() === '5 piese'")
    page.locator("[data-sheet-done]").click()
    assert not panel.is_visible() and page.evaluate("window.notReloaded") is True
    shot(page, "4-sheet-closed-filtered")

    # the shop page has the same panel: the sheet opens there too, and filters within the shop
    page.goto(f"{live_server.url}/shops/{vendor.slug}/")
    page.locator("[data-sheet-toggle]").click()
    assert panel.get_attribute("role") == "dialog" and focus_in_sheet(page)
    page.select_option("select[name=category]", "posete")
    page.wait_for_function("() => document.querySelector('[data-count]').textContent.trim() === '3 piese'")
    shot(page, "5-shop-sheet-open")
    context.close()

"""The peer a Telegram developer would write, for bench/endtoend.py: python-telegram-bot as its docs teach.

    .venv/bin/python bench/ptb_peer.py --port 8766 --api-url http://127.0.0.1:8765 --state /tmp/peer.pickle

An ``Application`` with a ``ConversationHandler`` whose states survive restarts in a ``PicklePersistence``
(PTB's conversationbot and persistentconversationbot examples), behind a custom webhook (the
customwebhookbot example: Starlette and uvicorn put each update on the application's queue and answer 200
at once). It answers a menu conversation like Front Desk's (greeting and main menu, information topics,
opening hours, appointments) with the same texts' lengths and inline keyboards, against the same Bot API
stand-in. PTB's defaults are kept: updates one at a time in arrival order (``concurrent_updates`` off),
persistence flushed every 60 seconds, no rate limiter.
"""

from __future__ import annotations

import argparse
import hmac
from pathlib import Path

import uvicorn
import uvloop
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)

TOKEN = "515151:PEER-TOKEN"
SECRET = "peer-secret"
MENU, INFO, APPOINTMENT = range(3)
MAIN_MENU = [
    ("info", "Information"), ("request", "I need help"), ("appointment", "Appointment"),
    ("mobile", "Mobile unit"), ("bookings", "My bookings"), ("agent", "Talk to a person"),
    ("language", "Language"), ("privacy", "Privacy"),
]  # fmt: skip
TOPICS = [
    ("about", "What we do"), ("hours", "Opening hours"), ("contact", "Address and phone"),
    ("services", "Our services"), ("documents", "Documents to bring"), ("benefits", "Benefits"),
    ("helplines", "Helplines"), ("menu", "Main menu"),
]  # fmt: skip
GREETING = (
    "I will write to you in English. To change the language, write LANGUAGE.\n\n"
    "Hello! This is the Community Center of Thira.\n\n"
    "We keep your messages for up to 2 years, only to help you. Write DELETE at any time to erase them."
)
HOURS = (
    "Opening hours:\n\nMonday - Friday: 08:00-15:30\n\n"
    "We are closed now. We open again on Wednesday 2 December, 08:00.\n\nAnything else?"
)


def keyboard(choices: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button a row, as Front Desk shows them."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"c:{key}")] for key, label in choices]
    )


def chosen(text: str, choices: list[tuple[str, str]]) -> str | None:
    """The key of a typed number or label."""
    text = text.strip().lower()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1][0]
    return next((key for key, label in choices if label.lower() == text), None)


async def show_menu(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str = "") -> int:
    """The main menu (after the greeting on a first message)."""
    assert update.message is not None and context.user_data is not None
    if not context.user_data.get("greeted"):
        context.user_data["greeted"] = True
        await update.message.reply_text(GREETING)
    await update.message.reply_text(
        text + "How can we help? Reply with a number.", reply_markup=keyboard(MAIN_MENU)
    )
    return MENU


async def menu_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A choice of the main menu."""
    assert update.message is not None and update.message.text is not None
    key = chosen(update.message.text, MAIN_MENU)
    if key == "info":
        await update.message.reply_text("What would you like to know?", reply_markup=keyboard(TOPICS))
        return INFO
    if key == "appointment":
        services = [("social_worker", "Social worker"), ("psychologist", "Psychologist")]
        await update.message.reply_text(
            "Who would you like an appointment with?", reply_markup=keyboard(services)
        )
        return APPOINTMENT
    return await show_menu(update, context, "Sorry, I did not understand. Here is what I can do:\n\n")


async def info_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A topic of the information menu."""
    assert update.message is not None and update.message.text is not None
    key = chosen(update.message.text, TOPICS)
    if key == "hours":
        more = [("topics", "More information"), ("menu", "Main menu")]
        await update.message.reply_text(HOURS, reply_markup=keyboard(more))
        return INFO
    if key == "menu" or key is None:
        return await show_menu(update, context)
    await update.message.reply_text("What would you like to know?", reply_markup=keyboard(TOPICS))
    return INFO


async def appointment_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The service of an appointment (the bench's conversation goes back to the menu from here)."""
    return await show_menu(update, context)


def build(api_url: str, state: Path) -> Application:  # type: ignore[type-arg]
    """The application: PicklePersistence and one persistent ConversationHandler."""
    persistence = PicklePersistence(filepath=state)
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .updater(None)
        .persistence(persistence)
        .build()
    )
    text = filters.TEXT & ~filters.COMMAND
    menu_word = filters.Regex("(?i)^(menu|0)$")
    conversation = ConversationHandler(
        entry_points=[MessageHandler(text, show_menu)],
        states={
            MENU: [MessageHandler(text & ~menu_word, menu_choice)],
            INFO: [MessageHandler(text & ~menu_word, info_choice)],
            APPOINTMENT: [MessageHandler(text & ~menu_word, appointment_choice)],
        },
        fallbacks=[MessageHandler(menu_word, show_menu), CommandHandler("start", show_menu)],
        name="frontdesk",
        persistent=True,
    )
    application.add_handler(conversation)
    return application


async def serve(port: int, api_url: str, state: Path) -> None:
    """Serve the webhook until stopped."""
    application = build(api_url, state)

    async def webhook(request: Request) -> Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(secret, SECRET):
            return Response(status_code=403)
        await application.update_queue.put(Update.de_json(await request.json(), application.bot))
        return Response()

    async def healthz(_request: Request) -> Response:
        return Response("ok")

    routes = [Route("/telegram", webhook, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=routes), host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
    )
    async with application:
        await application.start()
        try:
            await server.serve()
        finally:
            await application.stop()


def main() -> None:
    """Parse the arguments and serve."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--state", type=Path, required=True)
    arguments = parser.parse_args()
    # The event loop Front Desk's bench server runs on too (uvicorn[standard] brings uvloop).
    uvloop.run(serve(arguments.port, arguments.api_url, arguments.state))


if __name__ == "__main__":
    main()

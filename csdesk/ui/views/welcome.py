"""First run on an empty workspace: what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QWidget):
    new_account_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        title = QLabel("<h1>Welcome to csdesk</h1>")
        # Explicit line breaks: a word-wrapped label is measured too short in a centred column.
        text = QLabel("Your book of accounts is empty.<br>Add your first account, bring in "
                      "your accounts from your CRM (CSV or Excel),<br>or explore csdesk with a "
                      "demo book of 25 realistic accounts.")
        self.new_button = QPushButton("New account")
        self.import_button = QPushButton("Import accounts from your CRM…")
        self.demo_button = QPushButton("Open a demo book")
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_account_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        column = QWidget()
        column.setFixedWidth(560)
        column_layout = QVBoxLayout(column)
        column_layout.setSpacing(12)
        for widget in (title, text, self.new_button, self.import_button, self.demo_button):
            column_layout.addWidget(widget)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

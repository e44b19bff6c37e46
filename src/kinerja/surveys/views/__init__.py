"""The survey's pages, a module per page: the keepers' list and survey page (``manage``), the
counter poster (``poster``), and the public form, thank-you page and IKM page (``public``)."""

"""Evidence files (data dukung): checking, storing and serving uploads (DESIGN.md core rule 5).

An upload is judged by its content, never by its name: the first few KB decide what it is (and,
for the ZIP-based office formats, the ZIP's directory). A program is refused even when it is
called ``laporan.pdf``. Accepted files are streamed to Django's storage under an unguessable name
with their SHA-256, so a 100 MB video never sits in the server's memory. Every upload gets a new
name, so an upload never overwrites an older revision.

The modules, in the order a file meets them:

- ``kinds``: the kinds of file the system accepts, each with its content test;
- ``zipdir``: what a ZIP's directory says, read without trusting it;
- ``validation``: what an upload is and whether it may be uploaded here (size limit included);
- ``storage``: streaming an accepted upload into storage;
- ``downloads``: serving a stored file back, with a safe name and type;
- ``display``: a user's file name and a size made fit to show.

The flow in a view::

    stored = accept_upload(request.FILES["file"], prefix="evidence", allowed=slot.kinds or None)
    # ... record an EvidenceRevision with stored.name, stored.sha256, ...

and for a download, after the view's permission check::

    return download_response(revision.file_name, content_type=revision.content_type,
                             original_name=revision.original_name, inline=preview)
"""

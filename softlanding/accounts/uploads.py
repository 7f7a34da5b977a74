"""An upload handler that never writes to disk.

An export file is everything a person wrote, in the clear. Django keeps an
upload bigger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB) in a temporary
file, and it does so before any view can look at the size: a too-large
import would land in /tmp. This handler keeps the file in memory up to a
limit and drops everything past it, so nothing personal touches the disk
and memory stays bounded.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory, up to ``limit`` bytes. A bigger file
    is skipped (left out of ``request.FILES``) and ``too_large`` is set."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.buffer = BytesIO()
        self.size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer, self.size = BytesIO(), 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        if self.size > self.limit:
            self.too_large = True
            self.buffer = BytesIO()  # let go of what was read so far
            raise SkipFile
        self.buffer.write(raw_data)
        return None  # no other handler gets the data

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def use_memory_only(request: HttpRequest, limit: int) -> BoundedMemoryUploadHandler:
    """Install the handler on ``request``; call before reading POST or FILES."""
    handler = BoundedMemoryUploadHandler(request, limit)
    request.upload_handlers = [handler]
    return handler

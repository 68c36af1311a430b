"""Decompression bombs, generated once per process (safety.md N12, N13)."""

from __future__ import annotations

import functools
import struct
import zlib

import brotli


@functools.lru_cache(maxsize=4)
def gzip_bomb(decoded_size: int = 1 << 30) -> bytes:
    """A valid gzip stream of `decoded_size` zero bytes (a multiple of 1 MiB): ~1 MB per GiB.

    Built from one independently compressed 1 MiB block repeated (a full flush resets the
    dictionary, so the block is the same every time), which takes a fraction of a second.
    """
    mib = 1 << 20
    if decoded_size % mib:
        raise ValueError("decoded_size must be a multiple of 1 MiB")
    zeros = bytes(mib)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(decoded_size // mib):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    final_empty_block = b"\x03\x00"
    trailer = struct.pack("<II", crc, decoded_size & 0xFFFFFFFF)
    return header + block * (decoded_size // mib) + final_empty_block + trailer


@functools.lru_cache(maxsize=4)
def brotli_bomb(decoded_size: int = 1 << 30) -> bytes:
    """A brotli stream of `decoded_size` zero bytes: under 1 KB per GiB."""
    mib = 1 << 20
    zeros = bytes(mib)
    compressor = brotli.Compressor(quality=5, lgwin=24)
    parts = [compressor.process(zeros) for _ in range(decoded_size // mib)]
    parts.append(compressor.process(bytes(decoded_size % mib)))
    parts.append(compressor.finish())
    return b"".join(parts)

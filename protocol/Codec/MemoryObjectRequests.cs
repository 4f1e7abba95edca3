// Memory-object requests (MemCreate, MemHandle, MemMap, MemUnmap, MemClose) are declared in IRootTask; their codec is generated.

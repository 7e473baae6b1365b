// Stand-in for jsr:@std/io (unreachable offline): the runtime only needs writeAll.
interface Writer {
    write(chunk: Uint8Array): Promise<number>;
}

export async function writeAll(writer: Writer, data: Uint8Array): Promise<void> {
    let written = 0;
    while (written < data.length) {
        written += await writer.write(data.subarray(written));
    }
}

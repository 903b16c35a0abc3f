"""OCR, ours against plain `tesseract IMG stdout`, on the same page images in the same run.

Seconds are wall time of a page read alone, as the reader reads a lone photo: cut across the cores
(studybuddy.extract.ocr.cut_for_cores), so on an idle machine a page takes about its CPU seconds over the cores.
The machine is shared, so CPU seconds (which load does not inflate) are printed too, and ours on one core
(``ours 1 core s``) shows what the cut buys. Pages: the corpus scans (a page photo and the two pages of a scanned PDF, rendered at 300 dpi) and pages made
from corpus text with Pillow (bench/ocr_pages.py). Per page: seconds and character error rate for both; then the
means, and the wall time of a 10-page scanned PDF read with its pages in parallel against one after another.
``python -m bench ocr`` runs this alone.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_dir
from bench.ocr_pages import generated_pages, write_scanned_pdf
from bench.report import bench
from studybuddy.extract.accuracy import character_error_rate
from studybuddy.extract.cleanup import reflow, strip_running_lines

PDF_PAGES = 10


def _corpus_pages(directory: Path) -> list[tuple[str, list[Path], str]]:
    import pypdfium2 as pdfium

    scans = corpus_dir() / "scans"
    photo = scans / "heart-anatomy-page1.jpg"
    pdf = pdfium.PdfDocument(str(scans / "heart-anatomy-scanned.pdf"))
    rendered = []
    for index in range(len(pdf)):
        path = directory / f"corpus_scanned_pdf_p{index + 1}.png"
        pdf[index].render(scale=300 / 72, grayscale=True).to_pil().save(path, dpi=(300, 300))
        rendered.append(path)
    # The scanned PDF's ground truth covers its pages together: they are scored together, timed per page.
    return [
        ("corpus_page_photo", [photo], (scans / "heart-anatomy-page1.gt.txt").read_text()),
        ("corpus_scanned_pdf", rendered, (scans / "heart-anatomy-scanned.gt.txt").read_text()),
    ]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _plain(path: Path) -> str:
    """The seed's baseline exactly: the tesseract command with its defaults (its own threads included)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    return subprocess.run(["tesseract", str(path), "stdout"], capture_output=True, text=True, env=env).stdout


def _ours(path: Path, cores: int) -> tuple[str, float]:
    from studybuddy.extract.ocr import ocr_image, open_image

    result = ocr_image(open_image(str(path)), timeout=120, cores=cores)
    [text] = strip_running_lines([result.text])
    return reflow(text), result.confidence


def run() -> None:
    from studybuddy.extract.ocr import tesseract_available
    from studybuddy.extract.page_workers import core_count

    if not tesseract_available():
        print("# tesseract missing: OCR benchmarks skipped")
        return
    os.environ["OMP_THREAD_LIMIT"] = "1"  # as the reader process runs (studybuddy.extract.reader)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        pages = _corpus_pages(directory)
        pages += [(page.name, [page.save(directory)], page.truth) for page in generated_pages()]
        cores = core_count()
        _ours(pages[0][1][0], cores)  # the engines' one-off start (~0.2 s each) is not a page's cost
        rows = []
        for name, paths, truth in pages:
            started, cpu = time.perf_counter(), _children_cpu()
            plain_text = "\n".join(_plain(path) for path in paths)
            plain_seconds = (time.perf_counter() - started) / len(paths)
            plain_cpu = (_children_cpu() - cpu) / len(paths)
            started, cpu = time.perf_counter(), time.process_time()
            our_text = "\n\n".join(_ours(path, cores)[0] for path in paths)
            our_seconds = (time.perf_counter() - started) / len(paths)
            our_cpu = (time.process_time() - cpu) / len(paths)
            started = time.perf_counter()
            one_core_text = "\n\n".join(_ours(path, 1)[0] for path in paths)
            one_core_seconds = (time.perf_counter() - started) / len(paths)
            rows.append(
                (
                    name,
                    our_seconds,
                    plain_seconds,
                    character_error_rate(our_text, truth),
                    character_error_rate(plain_text, truth),
                    our_cpu,
                    plain_cpu,
                    one_core_seconds,
                    character_error_rate(one_core_text, truth),
                )
            )
            bench(f"ocr_page_{name}_seconds", our_seconds, "s", ratio=our_seconds / plain_seconds, baseline="plain")
            bench(
                f"ocr_page_{name}_cer",
                rows[-1][3] * 100,
                "%",
                ratio=rows[-1][3] / max(1e-9, rows[-1][4]),
                baseline=f"plain ({rows[-1][4] * 100:.2f} %)",
            )
        parallel_seconds, sequential_seconds, stack_seconds = _parallel(
            directory, [path for _, paths, _ in pages for path in paths]
        )
    count = len(rows)
    files = sum(len(paths) for _, paths, _ in pages)
    mean = [sum(row[i] for row in rows) / count for i in range(1, 9)]
    bench("ocr_mean_seconds_per_page", mean[0], "s", ratio=mean[0] / mean[1], baseline="plain tesseract")
    bench("ocr_mean_cpu_seconds_per_page", mean[4], "s", ratio=mean[4] / mean[5], baseline="plain tesseract")
    bench("ocr_mean_seconds_per_page_one_core", mean[6], "s", ratio=mean[6] / mean[1], baseline="plain tesseract")
    bench("ocr_mean_cer", mean[2] * 100, "%", ratio=mean[2] / max(1e-9, mean[3]), baseline="plain tesseract")
    worse = [row[0] for row in rows if row[3] > row[4] + 0.002]
    bench("ocr_pages_worse_than_plain_by_0.2pt", len(worse), "pages")
    bench(
        "ocr_stack_seconds_per_page_parallel",
        stack_seconds / files,
        "s",
        ratio=stack_seconds / files / mean[1],
        baseline="plain tesseract one page at a time",
    )
    bench(
        f"ocr_scanned_pdf_{PDF_PAGES}_pages_parallel_seconds",
        parallel_seconds,
        "s",
        ratio=parallel_seconds / sequential_seconds,
        baseline=f"one page after another ({sequential_seconds:.1f} s)",
    )
    print(
        f"| page | ours s ({cores} cores) | plain s | ours 1 core s | ours CPU s | plain CPU s | ours CER % | "
        "plain CER % | ours 1 core CER % |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, ours_s, plain_s, ours_cer, plain_cer, ours_cpu, plain_cpu, one_s, one_cer in rows:
        print(
            f"| {name} | {ours_s:.2f} | {plain_s:.2f} | {one_s:.2f} | {ours_cpu:.2f} | {plain_cpu:.2f} | "
            f"{ours_cer * 100:.2f} | {plain_cer * 100:.2f} | {one_cer * 100:.2f} |"
        )
    print(
        f"| mean | {mean[0]:.2f} | {mean[1]:.2f} | {mean[6]:.2f} | {mean[4]:.2f} | {mean[5]:.2f} | "
        f"{mean[2] * 100:.2f} | {mean[3] * 100:.2f} | {mean[7] * 100:.2f} |"
    )
    print(f"| every page above read in parallel (wall s/page) | {stack_seconds / files:.2f} | | | | | | | |")
    print(
        f"| {PDF_PAGES}-page scanned PDF, wall s: pages in parallel / one after another | {parallel_seconds:.1f} | "
        f"{sequential_seconds:.1f} | | | | | | |"
    )
    if worse:
        print(f"# worse than plain Tesseract on: {', '.join(worse)}")


def _parallel(directory: Path, page_files: list[Path]) -> tuple[float, float, float]:
    """Wall times through the reader's page workers: the PDF in parallel and one by one, and every page at once."""
    from studybuddy.extract.page_workers import PageImage, read_pages

    pdf = directory / "scanned-10-pages.pdf"
    write_scanned_pdf(pdf, PDF_PAGES)
    pdf_pages = [PageImage(str(pdf), pdf_page=index) for index in range(PDF_PAGES)]
    started = time.perf_counter()
    read_pages(pdf_pages, timeout=120)
    parallel = time.perf_counter() - started
    started = time.perf_counter()
    read_pages(pdf_pages, timeout=120, workers=1)
    sequential = time.perf_counter() - started
    started = time.perf_counter()
    read_pages([PageImage(str(path)) for path in page_files], timeout=120)
    stack = time.perf_counter() - started
    return parallel, sequential, stack

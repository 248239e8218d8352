/* The fast engine's loops over a PDFium text page and its objects (parsers/engine_pdfium.py),
   in C.

   For each glyph the fast engine asks PDFium two things, its text object and its box, and
   for each run of one text object's glyphs four more (matrix, origin, font size, font).
   Asked from Python through ctypes, the foreign calls' own overhead was most of the engine's
   reading time (about 1.9 microseconds a glyph, against a few hundredths here). PDFium's
   functions come in as addresses from the library pypdfium2 loaded, so this module links
   against nothing but Python. The GIL is held throughout: PDFium is not thread-safe.

   engine_pdfium.py has the same loops in Python, used when this module was not built. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    float left, top, right, bottom;
} RectF; /* PDFium's FS_RECTF */

typedef struct {
    float a, b, c, d, e, f;
} MatrixF; /* PDFium's FS_MATRIX */

typedef void *(*TextObjectAt)(void *text_page, int index);
typedef int (*LooseBoxAt)(void *text_page, int index, RectF *box);
typedef int (*MatrixAt)(void *text_page, int index, MatrixF *matrix);
typedef int (*OriginAt)(void *text_page, int index, double *x, double *y);
typedef double (*FontSizeAt)(void *text_page, int index);
typedef void *(*FontOf)(void *text_object);
typedef void *(*PageObjectAt)(void *page, int index);
typedef void *(*FormObjectAt)(void *form, unsigned long index);
typedef int (*TypeOf)(void *object);
typedef int (*DrawModeOf)(void *path, int *fill, int *stroke);

#define PATH_OBJECT 2 /* FPDF_PAGEOBJ_PATH */

PyDoc_STRVAR(read_glyphs_doc,
"read_glyphs(text_page, text_object_at, loose_box_at, objects, boxes)\n\n"
"Fill `objects` (uint64, one per glyph: its text object's address, 0 for a glyph PDFium\n"
"made up) and `boxes` (float32, four per glyph: its loose box, zeros for a made-up glyph)\n"
"for the first len(objects) glyphs of a PDFium text page. The first three arguments are\n"
"addresses: the text page, FPDFText_GetTextObject and FPDFText_GetLooseCharBox.");

static PyObject *read_glyphs(PyObject *module, PyObject *args) {
    unsigned long long page, object_at, box_at;
    Py_buffer objects, boxes;
    (void)module;
    if (!PyArg_ParseTuple(args, "KKKw*w*", &page, &object_at, &box_at, &objects, &boxes)) {
        return NULL;
    }
    Py_ssize_t count = objects.len / (Py_ssize_t)sizeof(uint64_t);
    PyObject *result = NULL;
    if (!page || !object_at || !box_at) {
        PyErr_SetString(PyExc_ValueError, "a null text page or function address");
    } else if (count > INT_MAX || boxes.len < count * (Py_ssize_t)sizeof(RectF)) {
        PyErr_SetString(PyExc_ValueError, "boxes must hold four floats per entry of objects");
    } else {
        TextObjectAt text_object = (TextObjectAt)(uintptr_t)object_at;
        LooseBoxAt loose_box = (LooseBoxAt)(uintptr_t)box_at;
        uint64_t *object_out = objects.buf;
        RectF *box_out = boxes.buf;
        void *text_page = (void *)(uintptr_t)page;
        for (int index = 0; index < (int)count; index++) {
            void *object = text_object(text_page, index);
            object_out[index] = (uint64_t)(uintptr_t)object;
            if (!object || !loose_box(text_page, index, &box_out[index])) {
                memset(&box_out[index], 0, sizeof(RectF));
            }
        }
        result = Py_None;
        Py_INCREF(result);
    }
    PyBuffer_Release(&objects);
    PyBuffer_Release(&boxes);
    return result;
}

PyDoc_STRVAR(read_runs_doc,
"read_runs(text_page, matrix_at, origin_at, font_size_at, font_of, firsts, objects, styles,\n"
"          fonts)\n\n"
"For each run of glyphs, given by its first glyph's index in `firsts` (int32) and that\n"
"glyph's text object in `objects` (uint64), fill seven float64 of `styles` (the glyph's\n"
"matrix a, b, c, d, its origin x, y and its font size; zeros where PDFium fails) and one\n"
"uint64 of `fonts` (the object's font handle). The first five arguments are addresses: the\n"
"text page, FPDFText_GetMatrix, FPDFText_GetCharOrigin, FPDFText_GetFontSize and\n"
"FPDFTextObj_GetFont.");

static PyObject *read_runs(PyObject *module, PyObject *args) {
    unsigned long long page, matrix_at, origin_at, font_size_at, font_of;
    Py_buffer firsts, objects, styles, fonts;
    (void)module;
    if (!PyArg_ParseTuple(args, "KKKKKy*y*w*w*", &page, &matrix_at, &origin_at, &font_size_at,
                          &font_of, &firsts, &objects, &styles, &fonts)) {
        return NULL;
    }
    Py_ssize_t count = firsts.len / (Py_ssize_t)sizeof(int32_t);
    PyObject *result = NULL;
    if (!page || !matrix_at || !origin_at || !font_size_at || !font_of) {
        PyErr_SetString(PyExc_ValueError, "a null text page or function address");
    } else if (objects.len != count * (Py_ssize_t)sizeof(uint64_t)
               || styles.len != 7 * count * (Py_ssize_t)sizeof(double)
               || fonts.len != count * (Py_ssize_t)sizeof(uint64_t)) {
        PyErr_SetString(PyExc_ValueError,
                        "objects, styles (7 a run) and fonts must match firsts in length");
    } else {
        void *text_page = (void *)(uintptr_t)page;
        const int32_t *first = firsts.buf;
        const uint64_t *object = objects.buf;
        double *style = styles.buf;
        uint64_t *font = fonts.buf;
        for (Py_ssize_t run = 0; run < count; run++, style += 7) {
            MatrixF matrix = {0};
            double x = 0.0, y = 0.0;
            ((MatrixAt)(uintptr_t)matrix_at)(text_page, first[run], &matrix);
            ((OriginAt)(uintptr_t)origin_at)(text_page, first[run], &x, &y);
            style[0] = matrix.a;
            style[1] = matrix.b;
            style[2] = matrix.c;
            style[3] = matrix.d;
            style[4] = x;
            style[5] = y;
            style[6] = ((FontSizeAt)(uintptr_t)font_size_at)(text_page, first[run]);
            font[run] = (uint64_t)(uintptr_t)((FontOf)(uintptr_t)font_of)(
                (void *)(uintptr_t)object[run]);
        }
        result = Py_None;
        Py_INCREF(result);
    }
    PyBuffer_Release(&firsts);
    PyBuffer_Release(&objects);
    PyBuffer_Release(&styles);
    PyBuffer_Release(&fonts);
    return result;
}

PyDoc_STRVAR(read_objects_doc,
"read_objects(parent, in_form, object_at, type_of, draw_mode_of, handles, kinds, fills)\n\n"
"For the first len(handles) objects of a page (or, with `in_form`, of a form object), in\n"
"paint order, fill `handles` (uint64: each object's address), `kinds` (int32: its\n"
"FPDF_PAGEOBJ_ type) and `fills` (int32: a path's fill mode, 0 for none and for other\n"
"objects). The first argument and the last three before the arrays are addresses: the page\n"
"or form, FPDFPage_GetObject (FPDFFormObj_GetObject in a form), FPDFPageObj_GetType and\n"
"FPDFPath_GetDrawMode.");

static PyObject *read_objects(PyObject *module, PyObject *args) {
    unsigned long long parent, object_at, type_of, draw_mode_of;
    int in_form;
    Py_buffer handles, kinds, fills;
    (void)module;
    if (!PyArg_ParseTuple(args, "KpKKKw*w*w*", &parent, &in_form, &object_at, &type_of,
                          &draw_mode_of, &handles, &kinds, &fills)) {
        return NULL;
    }
    Py_ssize_t count = handles.len / (Py_ssize_t)sizeof(uint64_t);
    PyObject *result = NULL;
    if (!parent || !object_at || !type_of || !draw_mode_of) {
        PyErr_SetString(PyExc_ValueError, "a null page or function address");
    } else if (count > INT_MAX || kinds.len != count * (Py_ssize_t)sizeof(int32_t)
               || fills.len != count * (Py_ssize_t)sizeof(int32_t)) {
        PyErr_SetString(PyExc_ValueError, "kinds and fills must match handles in length");
    } else {
        void *owner = (void *)(uintptr_t)parent;
        uint64_t *handle_out = handles.buf;
        int32_t *kind_out = kinds.buf, *fill_out = fills.buf;
        for (int index = 0; index < (int)count; index++) {
            void *object = in_form
                ? ((FormObjectAt)(uintptr_t)object_at)(owner, (unsigned long)index)
                : ((PageObjectAt)(uintptr_t)object_at)(owner, index);
            int fill = 0, stroke = 0;
            handle_out[index] = (uint64_t)(uintptr_t)object;
            kind_out[index] = object ? ((TypeOf)(uintptr_t)type_of)(object) : 0;
            if (kind_out[index] == PATH_OBJECT
                && !((DrawModeOf)(uintptr_t)draw_mode_of)(object, &fill, &stroke)) {
                fill = 0;
            }
            fill_out[index] = fill;
        }
        result = Py_None;
        Py_INCREF(result);
    }
    PyBuffer_Release(&handles);
    PyBuffer_Release(&kinds);
    PyBuffer_Release(&fills);
    return result;
}

static PyMethodDef methods[] = {
    {"read_glyphs", read_glyphs, METH_VARARGS, read_glyphs_doc},
    {"read_runs", read_runs, METH_VARARGS, read_runs_doc},
    {"read_objects", read_objects, METH_VARARGS, read_objects_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_pdfium_glyphs",
    .m_doc = "The fast engine's loops over a PDFium text page, in C.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__pdfium_glyphs(void) { return PyModule_Create(&module); }

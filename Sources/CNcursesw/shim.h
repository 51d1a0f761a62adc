#ifndef WARDCASE_NCURSES_SHIM_H
#define WARDCASE_NCURSES_SHIM_H
/* The wide-character curses API is declared only with these two set, and SwiftPM
   ignores the -D flags pkg-config would give, so they live here. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <ncursesw/curses.h>

/* Swift 6 rejects curses' globals and cannot import its function-like macros. */
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int shim_colors(void) { return COLORS; }
static inline unsigned int shim_a_normal(void) { return A_NORMAL; }
static inline unsigned int shim_a_bold(void) { return A_BOLD; }
static inline unsigned int shim_a_reverse(void) { return A_REVERSE; }
static inline unsigned int shim_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int shim_a_dim(void) { return A_DIM; }
static inline mmask_t shim_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t shim_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t shim_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_RELEASED; }
static inline mmask_t shim_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t shim_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int shim_key_code_yes(void) { return KEY_CODE_YES; }

/* Draws one cell: a spacing character plus up to four combining marks. */
static inline int shim_put_cell(int y, int x, const wchar_t *chars, unsigned int attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, chars, (attr_t)attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}

/* True when the current LC_CTYPE encodes text as UTF-8. */
static inline int shim_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}
#endif

/* value_id.c - sparql_value_from_id: values of dictionary terms. Kept apart
 * from value.c so that code using only computed values does not need the
 * dictionary. */
#include "sparql/value.h"

int sparql_value_from_id(const struct dict *d, term_id id, struct sparql_value *out)
{
    struct term t;

    if (dict_get(d, id, &t) < 0)
        return -1;
    sparql_value_from_term(&t, out);
    out->id = id;
    return 0;
}

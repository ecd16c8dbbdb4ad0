/* Every unit test, in run order. XX(name) for each TEST(name). */
/* t_date.c */
XX(date_known_days)
XX(date_round_trip)
XX(date_parse_rejects)
/* t_catalog.c */
XX(vc11_tpp_pd)
XX(vc11_exact_print_values)
XX(catalog_has_required_chips)
XX(tpp_takes_max_over_formats)
XX(precision_names)
XX(catalog_bad_text)
/* t_vc01.c */
XX(vc01_pretrain)
XX(vc01_total)
XX(vc01_job_order)

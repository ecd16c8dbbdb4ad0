# compare_time_cost.gp - time to train against the job's cost, per variant (fleetsim 0.1.0)
#
# Draws compare_time_cost.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot compare_time_cost.gp
# or for one format:    gnuplot -e "fmt='pdf'" compare_time_cost.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'compare_time_cost.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 20 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'strat: time to train vs absorption cost of run, by strategy' font ',24'
    set object 500 rect from screen 0.1092, screen 0.8849 to screen 0.1255, screen 0.9051 fc rgb '#000000' fs solid 1.0 noborder front
    set label 500 'baseline (P(finish) = 100 %)' at screen 0.1320, screen 0.8950 left front
    set object 501 rect from screen 0.3809, screen 0.8849 to screen 0.3972, screen 0.9051 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'same_a (P(finish) = 100 %)' at screen 0.4037, screen 0.8950 left front
    set object 502 rect from screen 0.6487, screen 0.8849 to screen 0.6649, screen 0.9051 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'same_b (P(finish) = 100 %)' at screen 0.6714, screen 0.8950 left front
    set object 503 rect from screen 0.2428, screen 0.8499 to screen 0.2591, screen 0.8701 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 503 'more_gpus (P(finish) = 100 %)' at screen 0.2656, screen 0.8600 left front
    set object 504 rect from screen 0.5372, screen 0.8499 to screen 0.5534, screen 0.8701 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 504 'b200 (P(finish) = 100 %)' at screen 0.5599, screen 0.8600 left front
    set lmargin at screen 0.100
    set rmargin at screen 0.970
    set bmargin at screen 0.160
    set tmargin at screen 0.800
    set xlabel 'Job cost, absorption view, USD (millions)'
    set ylabel 'Time to train (days of compute, P50)'
    set xrange [0:8.17268]
    set yrange [0:38.7779]
    set xtics 1
    set format x '$%gM'
    set grid xtics ytics
    set arrow 10 from 5.18827, graph 0 to 5.18827, graph 1 nohead dt (6,4) lw 1.5 lc rgb '#999999' back
    set arrow 11 from graph 0, first 33.2872 to graph 1, first 33.2872 nohead dt (6,4) lw 1.5 lc rgb '#999999' back
    set label 20 'baseline, same_a, same_b' at 5.31351, 33.2872 left front font ',17' tc rgb '#000000'
    set label 21 'more_gpus' at 5.31351, 17.9888 left front font ',17' tc rgb '#009E73'
    set label 22 'b200' at 7.42227, 14.5548 left front font ',17' tc rgb '#CC79A7'
    plot \
        'compare_time_cost.dat' every ::4::4 using ($3/1e+06):7:($2/1e+06):($4/1e+06):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#CC79A7', \
        'compare_time_cost.dat' every ::3::3 using ($3/1e+06):7:($2/1e+06):($4/1e+06):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#009E73', \
        'compare_time_cost.dat' every ::2::2 using ($3/1e+06):7:($2/1e+06):($4/1e+06):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#E69F00', \
        'compare_time_cost.dat' every ::1::1 using ($3/1e+06):7:($2/1e+06):($4/1e+06):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#0072B2', \
        'compare_time_cost.dat' every ::0::0 using ($3/1e+06):7:($2/1e+06):($4/1e+06):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#000000'
    unset multiplot
    set output
}

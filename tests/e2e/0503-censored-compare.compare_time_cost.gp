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
    set label 100 'fleetsim 0.1.0, seed 5, 10 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'censored_compare: time to train vs absorption cost of pretrain, by strategy' font ',24'
    set object 500 rect from screen 0.0917, screen 0.8649 to screen 0.1080, screen 0.8851 fc rgb '#000000' fs solid 1.0 noborder front
    set label 500 'baseline (P(finish) = 100 %)' at screen 0.1145, screen 0.8750 left front
    set object 501 rect from screen 0.3634, screen 0.8649 to screen 0.3797, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'half_gpus (P(finish) = 100 %)' at screen 0.3862, screen 0.8750 left front
    set object 502 rect from screen 0.6463, screen 0.8649 to screen 0.6625, screen 0.8851 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'twelfth_gpus (P(finish) = 0 %)' at screen 0.6690, screen 0.8750 left front
    set lmargin at screen 0.100
    set rmargin at screen 0.970
    set bmargin at screen 0.160
    set tmargin at screen 0.800
    set xlabel 'Job cost, absorption view, USD (thousands)'
    set ylabel 'Time to train (days of compute, P50)'
    set xrange [0:76.2486]
    set yrange [0:16.1112]
    set xtics 10
    set format x '$%gK'
    set grid xtics ytics
    set arrow 10 from 68.0791, graph 0 to 68.0791, graph 1 nohead dt (6,4) lw 1.5 lc rgb '#999999' back
    set arrow 11 from graph 0, first 6.786 to graph 1, first 6.786 nohead dt (6,4) lw 1.5 lc rgb '#999999' back
    set label 20 'baseline' at 69.2476, 6.786 left front font ',17' tc rgb '#000000'
    set label 21 'half_gpus' at 69.2476, 12.8324 left front font ',17' tc rgb '#0072B2'
    set label 30 'P50 beyond the horizon (under half finished): twelfth_gpus' at graph 0.98, graph 0.95 right front font ',17' tc rgb '#D55E00'
    plot \
        'compare_time_cost.dat' every ::1::1 using ($3/1000):7:($2/1000):($4/1000):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#0072B2', \
        'compare_time_cost.dat' every ::0::0 using ($3/1000):7:($2/1000):($4/1000):6:8 with xyerrorbars pt 7 ps 2 lw 2.5 lc rgb '#000000'
    unset multiplot
    set output
}
